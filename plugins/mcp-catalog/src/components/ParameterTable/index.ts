export { ParameterTable } from './ParameterTable';
