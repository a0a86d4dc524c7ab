/** One option of a select: its value and what it shows. */
export interface Choice {
  readonly id: string;
  readonly name: string;
}

/**
 * The options of a select, one per choice; with a placeholder, first an option with the empty
 * value (none, all) for when the select may stay unset.
 */
export function ChoiceOptions({ choices, placeholder }: { choices: readonly Choice[]; placeholder?: string }) {
  return (
    <>
      {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
      {choices.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </>
  );
}
