import { awsDeps } from '../adapters/aws';
import { batchImportHandler, startsPerSecondOf } from '../batch/import-handler';

export const handler = batchImportHandler(awsDeps(), {
  startsPerSecond: startsPerSecondOf(process.env.BATCH_STARTS_PER_SECOND),
  log: (entry) => console.log(JSON.stringify(entry)),
});
