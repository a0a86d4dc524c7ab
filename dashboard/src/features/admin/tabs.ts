/** The tabs of 管理, each its own path (the page itself loads only when opened). */
export const ADMIN_TABS = ['agencies', 'departments', 'users', 'import', 'log'] as const;
export type AdminTab = (typeof ADMIN_TABS)[number];

export const adminPath = (tab: AdminTab) => (tab === 'agencies' ? '/admin' : `/admin/${tab}`);
