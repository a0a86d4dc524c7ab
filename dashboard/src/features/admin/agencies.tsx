import { useState } from 'react';
import type { AdminAgency, AdminUser } from '../../../../shared/api/responses';
import { SENSITIVE_CATEGORIES } from '../../../../shared/routing/schemas';
import { QueryState } from '../../components/feedback';
import { Field } from '../../components/field';
import { label, useI18n } from '../../i18n';
import { ChangeOutcome, EditorCard, useSubmission } from './components/outcome';
import { agencyLabel, change, type DirectoryData, filled, paths, personLabel } from './data/directory';

type Editing = { kind: 'new' } | { kind: 'edit' | 'abolish'; agency: AdminAgency } | null;

/** 单位: create, rename, set the code, the head, COORD-4 competences, the disclosure office; abolish (COORD-3). */
export function AgenciesTab({ data, canEdit }: { data: DirectoryData; canEdit: boolean }) {
  const { d } = useI18n();
  const a = d.admin.agency;
  const [editing, setEditing] = useState<Editing>(null);
  const submission = useSubmission();
  const agencies = data.agencies.data ?? [];
  const users = data.users.data ?? [];
  const close = () => setEditing(null);
  const open = (next: Editing) => {
    submission.reset();
    setEditing(next);
  };
  const done = () => {
    close();
    data.reload();
  };

  return (
    <section className="stack" aria-label={d.admin.tabs.agencies}>
      {!canEdit ? <p className="muted small">{d.admin.readOnly}</p> : null}
      {submission.result && !editing ? <ChangeOutcome result={submission.result} /> : null}
      {canEdit && !editing ? (
        <div className="admin-toolbar">
          <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'new' })}>
            {a.new}
          </button>
        </div>
      ) : null}
      {editing?.kind === 'new' || editing?.kind === 'edit' ? (
        <AgencyForm
          agency={editing.kind === 'edit' ? editing.agency : undefined}
          users={users}
          submission={submission}
          onCancel={close}
          onDone={done}
        />
      ) : null}
      {editing?.kind === 'abolish' ? (
        <AbolishForm
          agency={editing.agency}
          agencies={agencies}
          submission={submission}
          onCancel={close}
          onDone={done}
        />
      ) : null}
      <QueryState resource={data.agencies}>
        {(list) => (
          <div className="card card-flush table-scroll">
            <table className="table table-hover">
              <thead>
                <tr>
                  <th scope="col">{a.code}</th>
                  <th scope="col">{a.name}</th>
                  <th scope="col">{a.head}</th>
                  <th scope="col">{a.competentFor}</th>
                  <th scope="col">{a.status}</th>
                  {canEdit ? <th scope="col" aria-label={d.admin.edit} /> : null}
                </tr>
              </thead>
              <tbody>
                {[...list]
                  .sort((x, y) => x.code.localeCompare(y.code))
                  .map((agency) => (
                    <tr key={agency.id} data-agency={agency.id}>
                      <td className="mono">{agency.code}</td>
                      <td>
                        <span className="strong">{agency.name}</span>{' '}
                        <span className="muted small mono">{agency.id}</span>
                        {agency.disclosureOffice ? (
                          <span className="badge badge-progress admin-badge">{a.officeBadge}</span>
                        ) : null}
                      </td>
                      <td>{personLabel(users, agency.head)}</td>
                      <td>
                        <span className="chips">
                          {(agency.competentFor ?? []).map((c) => (
                            <span key={c} className="chip">
                              {label(d, 'sensitive', c)}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td>
                        {agency.status === 'active' ? (
                          <span className="badge badge-good">{a.active}</span>
                        ) : (
                          <>
                            <span className="badge badge-muted">{a.abolished}</span>
                            <div className="muted small">
                              {agency.successorId ? a.successorOf(agencyLabel(agencies, agency.successorId)) : null}
                              {agency.successorId ? '；' : null}
                              {agency.abolishedBy ? a.decidedBy(agencyLabel(agencies, agency.abolishedBy)) : null}
                            </div>
                          </>
                        )}
                      </td>
                      {canEdit ? (
                        <td className="nowrap admin-row-actions">
                          {agency.status === 'active' ? (
                            <>
                              <button
                                type="button"
                                className="btn btn-small"
                                onClick={() => open({ kind: 'edit', agency })}
                              >
                                {d.admin.edit}
                              </button>
                              <button
                                type="button"
                                className="btn btn-small btn-ghost"
                                onClick={() => open({ kind: 'abolish', agency })}
                              >
                                {a.abolish}
                              </button>
                            </>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  ))}
              </tbody>
            </table>
          </div>
        )}
      </QueryState>
    </section>
  );
}

type Submission = ReturnType<typeof useSubmission>;

function AgencyForm({
  agency,
  users,
  submission,
  onCancel,
  onDone,
}: {
  agency: AdminAgency | undefined;
  users: readonly AdminUser[];
  submission: Submission;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { d } = useI18n();
  const a = d.admin.agency;
  const [id, setId] = useState(agency?.id ?? '');
  const [name, setName] = useState(agency?.name ?? '');
  const [code, setCode] = useState(agency?.code ?? '');
  const [head, setHead] = useState(agency?.head ?? '');
  const [competentFor, setCompetentFor] = useState<string[]>([...(agency?.competentFor ?? [])]);
  const [office, setOffice] = useState(agency?.disclosureOffice ?? false);
  const staff = users.filter((u) => u.agency === (agency?.id ?? id) && !u.disabled);

  const submit = () =>
    submission.run(() => {
      const fields = {
        name,
        code,
        competentFor,
        ...(office && !agency?.disclosureOffice ? { disclosureOffice: true } : {}),
      };
      if (!agency) {
        return change('POST', paths.agencies, {
          id,
          ...filled({ ...fields, head, competentFor: competentFor.length ? competentFor : undefined }),
        });
      }
      return change('PUT', paths.agency(agency.id), { ...fields, head: head || null });
    }, onDone);

  return (
    <EditorCard
      title={agency ? a.editTitle(agency.name) : a.new}
      failure={submission.failure}
      busy={submission.busy}
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      {!agency ? (
        <Field label={a.id} hint={a.idHint}>
          <input value={id} onChange={(e) => setId(e.target.value.trim())} required autoComplete="off" />
        </Field>
      ) : null}
      <Field label={a.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <Field label={a.code} hint={a.codeHint}>
        <input
          value={code}
          onChange={(e) => setCode(e.target.value.trim())}
          inputMode="numeric"
          pattern="\d{4}"
          required
        />
      </Field>
      <Field label={a.head} hint={a.headHint} optional>
        <select value={head} onChange={(e) => setHead(e.target.value)}>
          <option value="">{a.noHead}</option>
          {staff.map((u) => (
            <option key={u.user} value={u.user}>
              {u.name}（{u.user}）
            </option>
          ))}
        </select>
      </Field>
      <fieldset className="span-2 admin-fieldset">
        <legend className="field-label">{a.competentFor}</legend>
        <div className="checkbox-list">
          {SENSITIVE_CATEGORIES.map((c) => (
            <label key={c} className="checkbox">
              <input
                type="checkbox"
                checked={competentFor.includes(c)}
                onChange={(e) =>
                  setCompetentFor((list) => (e.target.checked ? [...list, c] : list.filter((x) => x !== c)))
                }
              />
              {label(d, 'sensitive', c)}
            </label>
          ))}
        </div>
        <span className="field-hint">{a.competentForHint}</span>
      </fieldset>
      <label className="checkbox span-2">
        <input
          type="checkbox"
          checked={office}
          disabled={agency?.disclosureOffice}
          onChange={(e) => setOffice(e.target.checked)}
        />
        {a.office}
        <span className="muted small">　{a.officeHint}</span>
      </label>
    </EditorCard>
  );
}

function AbolishForm({
  agency,
  agencies,
  submission,
  onCancel,
  onDone,
}: {
  agency: AdminAgency;
  agencies: readonly AdminAgency[];
  submission: Submission;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { d } = useI18n();
  const a = d.admin.agency;
  const others = agencies.filter((x) => x.id !== agency.id && x.status === 'active');
  const [abolishedBy, setAbolishedBy] = useState(others.find((x) => x.disclosureOffice)?.id ?? '');
  const [successor, setSuccessor] = useState('');
  const submit = () =>
    submission.run(
      () => change('POST', `${paths.agency(agency.id)}/abolish`, filled({ abolishedBy, successorId: successor })),
      onDone,
    );
  return (
    <EditorCard
      title={a.abolishTitle(agency.name)}
      hint={a.abolishHint}
      failure={submission.failure}
      busy={submission.busy}
      submitLabel={a.confirmAbolish}
      danger
      onSubmit={() => void submit()}
      onCancel={onCancel}
    >
      <Field label={a.abolishedBy}>
        <select value={abolishedBy} onChange={(e) => setAbolishedBy(e.target.value)} required>
          <option value="" disabled>
            —
          </option>
          {others.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={a.successor} optional>
        <select value={successor} onChange={(e) => setSuccessor(e.target.value)}>
          <option value="">{a.noSuccessor}</option>
          {others.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </Field>
    </EditorCard>
  );
}
