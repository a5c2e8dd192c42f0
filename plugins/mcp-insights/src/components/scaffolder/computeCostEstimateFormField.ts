import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  COMPUTE_COST_ESTIMATE_FIELD,
  ComputeCostEstimateField,
} from './ComputeCostEstimateField';

/** The estimate field, as the scaffolder's form loads it in the new frontend system. */
export const computeCostEstimateFormField = createFormField({
  name: COMPUTE_COST_ESTIMATE_FIELD,
  component: ComputeCostEstimateField,
});
