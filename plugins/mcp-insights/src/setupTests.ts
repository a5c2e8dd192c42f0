import '@testing-library/jest-dom';

// Rendering reports with their charts takes seconds when the machine is busy: a bound on a
// hung test, not a measure of speed.
jest.setTimeout(30_000);
