// Imported first by the entry point, before any other module allocates: V8's young generation stays at
// its starting size (store/youngGeneration.ts says why and what it costs). Setting the flag at run time
// takes effect because V8 reads it each time it considers growing the young generation.
import { keepYoungGenerationSmall } from './store/youngGeneration.ts';

keepYoungGenerationSmall();
