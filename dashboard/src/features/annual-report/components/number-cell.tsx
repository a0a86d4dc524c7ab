/** One figure of a table: an input when entered and editable, a marked value when computed. */
export function NumberCell({
  value,
  label,
  computed,
  invalid,
  readOnly,
  step = 1,
  onChange,
}: {
  readonly value: number;
  /** What the cell is, for screen readers: row and column. */
  readonly label: string;
  readonly computed?: boolean;
  readonly invalid?: boolean;
  readonly readOnly?: boolean;
  readonly step?: number;
  readonly onChange?: (value: number) => void;
}) {
  const className = ['num-cell', computed ? 'num-computed' : '', invalid ? 'num-invalid' : ''].join(' ').trim();
  if (computed || readOnly || !onChange) {
    return (
      <td className={className} aria-label={label} data-computed={computed ? 'true' : undefined}>
        {value}
      </td>
    );
  }
  return (
    <td className={className}>
      <input
        type="number"
        min={0}
        step={step}
        inputMode={step === 1 ? 'numeric' : 'decimal'}
        aria-label={label}
        aria-invalid={invalid || undefined}
        value={Number.isFinite(value) ? value : 0}
        onChange={(e) => {
          const next = e.target.value === '' ? 0 : Number(e.target.value);
          if (Number.isFinite(next) && next >= 0) onChange(step === 1 ? Math.trunc(next) : next);
        }}
      />
    </td>
  );
}
