import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Tests wait for what the page shows, not for how fast it renders: on a 2-core machine shared
// with other work, a first render of a Material UI page (loading the lazy page included) takes
// from seconds to a minute, far beyond Testing Library's 1 s default for `findBy*`/`waitFor`
// and Jest's 5 s per test. A passing test still ends as soon as its condition holds; only a
// failing one waits this long.
configure({ asyncUtilTimeout: 60_000 });
jest.setTimeout(300_000);
