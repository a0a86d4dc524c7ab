/**
 * The layout of what `.data/` holds. Raised when stored items change shape (2: audit notes became
 * codes with facts; 3: audit events chained and keyed by sequence); older data is refused with what
 * to do rather than read wrongly (the runtime at start, `gongkai audit verify` on local data).
 */
export const DATA_FORMAT = '3';
