export { KillSwitchCard, disabledSentence } from './KillSwitchCard';
