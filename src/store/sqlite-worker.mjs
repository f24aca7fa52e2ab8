// The SQLite question log's writer thread starts here: worker threads do not inherit tsx's loader, so
// it registers it (as bin/faq-chat.js does) and runs the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./sqlite-writer.ts');
