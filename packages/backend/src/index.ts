/*
 * The MCP Platform's Backstage backend: Backstage's core plugins plus the MCP suite.
 */
import { createBackend } from '@backstage/backend-defaults';
import { backendFeatures } from './features';

const backend = createBackend();
for (const feature of backendFeatures) backend.add(feature);
backend.start();
