import { batchImportHandler, startsPerSecondOf } from '../batch/import-handler';
import { awsDeps } from '../deps';

export const handler = batchImportHandler(awsDeps(), {
  startsPerSecond: startsPerSecondOf(process.env.BATCH_STARTS_PER_SECOND),
  log: (entry) => console.log(JSON.stringify(entry)),
});
