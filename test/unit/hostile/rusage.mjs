// Preloaded into the CLI children of the hostile corpus (node --import): at exit, write this
// process's resource usage (maxRSS in KiB) to $HAKA_TEST_RUSAGE, for the corpus's peak memory.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const out = process.env.HAKA_TEST_RUSAGE;
if (out) process.on('exit', () => writeFileSync(out, JSON.stringify(process.resourceUsage())));
