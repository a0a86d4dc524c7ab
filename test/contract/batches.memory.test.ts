import { MemoryBatches, MemoryDrops, MemoryFiles } from '../support/memory';
import { describeBatchContract } from './batches.contract';

describeBatchContract('memory', async () => {
  const files = new MemoryFiles();
  const drops = new MemoryDrops(files);
  return {
    batches: new MemoryBatches(),
    drops,
    put: async (key, bytes, contentType, metadata) => {
      drops.drop(key, bytes, contentType, metadata);
    },
    read: async (key) => ((await files.exists(key)) ? files.readOriginal(key) : undefined),
    teardown: async () => {},
  };
});
