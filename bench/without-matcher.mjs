// `node --import tsx --import ./bench/without-matcher.mjs src/server/main.ts`: our service with the
// matcher replaced by a look-up (bench/answer-lookup.ts), for the benchmark's "(b0)" row: what the
// service costs besides matching. Registered after tsx, so its resolve hook runs first.
import { register } from 'node:module';

register('./without-matcher-hooks.mjs', import.meta.url);
