/**
 * The layout of what `.data/` holds. Raised when stored items change shape (2: audit notes became
 * codes with facts; 3: audit events chained and keyed by sequence; 4: catalogue entries carry the
 * keys of their agency and category indexes, which the table has); older data is refused with what
 * to do rather than read wrongly (the runtime at start, `gongkai audit verify` on local data).
 */
export const DATA_FORMAT = '4';
