import { SECTIONS, type SectionId } from '../../../../../shared/report/template';
import { useI18n } from '../../../i18n';

/** 一、五、六: the text parts, with the system's figures offered for insertion into 一. */
export function SectionsEditor({
  sections,
  figures,
  readOnly,
  onChange,
  only = SECTIONS,
}: {
  readonly sections: Readonly<Record<SectionId, string>>;
  /** The sentence of the system's figures that 插入平台数据 adds to 一、总体情况. */
  readonly figures: string;
  readonly readOnly: boolean;
  readonly onChange: (id: SectionId, text: string) => void;
  /** The parts shown here (一 before the tables, 五 and 六 after them). */
  readonly only?: readonly SectionId[];
}) {
  const { d } = useI18n();
  return (
    <div className="report-sections">
      {only.map((id) => (
        <div key={id} className="field">
          <div className="section-head">
            <label className="field-label" htmlFor={`section-${id}`}>
              {d.annual.sections[id]}
            </label>
            {id === 'overview' && !readOnly ? (
              <button
                type="button"
                className="btn btn-ghost btn-small"
                onClick={() => onChange(id, sections[id] ? `${sections[id].trimEnd()}\n${figures}` : figures)}
              >
                {d.annual.insertFigures}
              </button>
            ) : null}
          </div>
          <textarea
            id={`section-${id}`}
            rows={id === 'overview' ? 6 : 4}
            value={sections[id]}
            readOnly={readOnly}
            maxLength={10_000}
            onChange={(e) => onChange(id, e.target.value)}
          />
        </div>
      ))}
    </div>
  );
}
