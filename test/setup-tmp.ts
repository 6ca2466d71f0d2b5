// Removes the test file's tempDir() directories after its last afterAll (hooks run in reverse
// order, and this file's are registered first): vitest stops each fork with SIGTERM, so the
// process's 'exit' handlers never run there.
import { afterAll } from 'vitest';
import { removeTempDirs } from './helpers/tmp.js';

afterAll(removeTempDirs);
