import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * The provider's sessions, codes and tokens, in this process's memory: a restart signs everybody
 * out of the provider (the dashboard signs in again), and the keys that sign tokens are on disk.
 */
export function memoryAdapter(): (model: string) => Adapter {
  const items = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const live = (key: string) => {
    const item = items.get(key);
    if (item && item.expiresAt <= Date.now()) items.delete(key);
    return items.get(key)?.payload;
  };
  const prune = () => {
    const now = Date.now();
    for (const [key, item] of items) if (item.expiresAt <= now) items.delete(key);
  };
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    const findBy = (field: 'uid' | 'userCode', value: string) =>
      [...items.entries()].find(([k, v]) => k.startsWith(`${model}:`) && v.payload[field] === value && live(k))?.[1]
        .payload;
    return {
      async upsert(id, payload, expiresIn) {
        if (items.size > 10_000) prune();
        items.set(key(id), { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
      },
      async find(id) {
        return live(key(id));
      },
      async findByUid(uid) {
        return findBy('uid', uid);
      },
      async findByUserCode(userCode) {
        return findBy('userCode', userCode);
      },
      async consume(id) {
        const item = items.get(key(id));
        if (item) item.payload = { ...item.payload, consumed: Math.floor(Date.now() / 1000) };
      },
      async destroy(id) {
        items.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [k, v] of items) if (v.payload.grantId === grantId) items.delete(k);
      },
    };
  };
}
