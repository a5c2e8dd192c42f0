export { DefinitionDiff } from './DefinitionDiff';
