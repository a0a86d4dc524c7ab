import { useState } from 'react';
import type { AdminAgency, AdminDepartment, AdminUser } from '../../../../shared/api/responses';
import { DISTRICT_ROLES, ROLES, type Role } from '../../../../shared/model/identity';
import { ChoiceOptions } from '../../components/choice-options';
import { Empty, QueryState } from '../../components/feedback';
import { Field } from '../../components/field';
import { label, useI18n } from '../../i18n';
import { ChangeOutcome, EditorCard, useSubmission } from './components/outcome';
import { agencyLabel, change, type DirectoryData, filled, paths } from './data/directory';

type Editing = { kind: 'new' } | { kind: 'edit' | 'disable' | 'link'; user: AdminUser } | null;

/** 人员: accounts with their roles, agency and department, the identity provider's link, disabled or not. */
export function UsersTab({ data, ownAgency }: { data: DirectoryData; ownAgency: string | undefined }) {
  const { d } = useI18n();
  const t = d.admin.user;
  const agencies = data.agencies.data ?? [];
  const departments = data.departments.data ?? [];
  const [agency, setAgency] = useState(ownAgency ?? '');
  const [text, setText] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const submission = useSubmission();
  const open = (next: Editing) => {
    submission.reset();
    setEditing(next);
  };
  const done = () => {
    setEditing(null);
    data.reload();
  };
  const enable = (user: AdminUser) =>
    void submission.run(
      () => change('POST', `${paths.user(user.user)}/enable`),
      () => data.reload(),
    );
  const unlink = (user: AdminUser) =>
    void submission.run(
      () => change('POST', `${paths.user(user.user)}/subject`, { subject: null }),
      () => data.reload(),
    );
  const departmentName = (u: AdminUser, id: string) =>
    departments.find((x) => x.agency === u.agency && x.id === id)?.name ?? id;
  const choices = agencies.filter((a) => a.status === 'active' && (!ownAgency || a.id === ownAgency));

  return (
    <section className="stack" aria-label={d.admin.tabs.users}>
      {submission.result && !editing ? <ChangeOutcome result={submission.result} /> : null}
      <div className="card filters filters-inline">
        {!ownAgency ? (
          <label className="field">
            <span className="field-label">{d.admin.filterAgency}</span>
            <select value={agency} onChange={(e) => setAgency(e.target.value)}>
              <ChoiceOptions placeholder={d.common.all} choices={choices.map((a) => ({ id: a.id, name: a.name }))} />
            </select>
          </label>
        ) : null}
        <label className="field">
          <span className="field-label">{d.admin.filterText}</span>
          <input
            type="search"
            value={text}
            placeholder={d.admin.filterTextHint}
            onChange={(e) => setText(e.target.value)}
          />
        </label>
        {!editing ? (
          <button type="button" className="btn btn-primary" onClick={() => open({ kind: 'new' })}>
            {t.new}
          </button>
        ) : null}
      </div>
      {editing?.kind === 'new' || editing?.kind === 'edit' ? (
        <UserForm
          user={editing.kind === 'edit' ? editing.user : undefined}
          defaultAgency={agency || ownAgency || ''}
          agencies={choices}
          departments={departments}
          districtRoles={!ownAgency}
          submission={submission}
          onCancel={() => setEditing(null)}
          onDone={done}
        />
      ) : null}
      {editing?.kind === 'disable' ? (
        <DisableForm user={editing.user} submission={submission} onCancel={() => setEditing(null)} onDone={done} />
      ) : null}
      {editing?.kind === 'link' ? (
        <LinkForm user={editing.user} submission={submission} onCancel={() => setEditing(null)} onDone={done} />
      ) : null}
      <QueryState resource={data.users}>
        {(list) => {
          const needle = text.trim().toLowerCase();
          const shown = list
            .filter((u) => !agency || u.agency === agency)
            .filter((u) => !needle || [u.user, u.name, u.email ?? ''].some((s) => s.toLowerCase().includes(needle)))
            .sort(
              (x, y) =>
                agencyLabel(agencies, x.agency).localeCompare(agencyLabel(agencies, y.agency), 'zh-CN') ||
                x.user.localeCompare(y.user),
            );
          if (shown.length === 0) return <Empty>{t.empty}</Empty>;
          return (
            <div className="card card-flush table-scroll">
              <div className="card-head">
                <span className="muted small">{t.count(shown.length, list.length)}</span>
              </div>
              <table className="table table-hover">
                <thead>
                  <tr>
                    <th scope="col">{t.name}</th>
                    <th scope="col">{t.agency}</th>
                    <th scope="col">{t.roles}</th>
                    <th scope="col">{t.email}</th>
                    <th scope="col">{t.subject}</th>
                    <th scope="col">{t.status}</th>
                    <th scope="col" aria-label={d.admin.edit} />
                  </tr>
                </thead>
                <tbody>
                  {shown.map((u) => (
                    <tr key={u.user} data-user={u.user} className={u.disabled ? 'admin-row-disabled' : undefined}>
                      <td>
                        <span className="strong">{u.name}</span> <span className="muted small mono">{u.user}</span>
                      </td>
                      <td>
                        {agencyLabel(agencies, u.agency)}
                        {u.department ? <div className="muted small">{departmentName(u, u.department)}</div> : null}
                        {u.departments?.length ? (
                          <div className="muted small">
                            {t.leads(u.departments.map((x) => departmentName(u, x)).join(d.admin.listSep))}
                          </div>
                        ) : null}
                      </td>
                      <td>
                        <span className="chips">
                          {u.roles.map((r) => (
                            <span key={r} className="chip chip-role">
                              {label(d, 'role', r)}
                            </span>
                          ))}
                        </span>
                      </td>
                      <td className="small">{u.email ?? '—'}</td>
                      <td>
                        {u.subject ? (
                          <span className="badge badge-good" title={u.subject}>
                            {t.linked}
                          </span>
                        ) : (
                          <span className="badge badge-muted">{t.notLinked}</span>
                        )}
                      </td>
                      <td>
                        {u.disabled ? (
                          <span className="badge badge-bad">{t.disabled}</span>
                        ) : (
                          <span className="badge badge-good">{t.enabled}</span>
                        )}
                      </td>
                      <td className="nowrap admin-row-actions">
                        <button type="button" className="btn btn-small" onClick={() => open({ kind: 'edit', user: u })}>
                          {d.admin.edit}
                        </button>
                        {u.disabled ? (
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            onClick={() => enable(u)}
                            disabled={submission.busy}
                          >
                            {t.enable}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            onClick={() => open({ kind: 'disable', user: u })}
                          >
                            {t.disable}
                          </button>
                        )}
                        {u.subject ? (
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            onClick={() => unlink(u)}
                            disabled={submission.busy}
                          >
                            {t.unlink}
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-small btn-ghost"
                            onClick={() => open({ kind: 'link', user: u })}
                          >
                            {t.link}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          );
        }}
      </QueryState>
    </section>
  );
}

type Submission = ReturnType<typeof useSubmission>;

function UserForm(props: {
  user: AdminUser | undefined;
  defaultAgency: string;
  agencies: readonly AdminAgency[];
  departments: readonly AdminDepartment[];
  /** Whether the district roles may be given (admin only). */
  districtRoles: boolean;
  submission: Submission;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { d } = useI18n();
  const t = d.admin.user;
  const { user } = props;
  const [id, setId] = useState('');
  const [name, setName] = useState(user?.name ?? '');
  const [agency, setAgency] = useState(user?.agency ?? props.defaultAgency);
  const [department, setDepartment] = useState(user?.department ?? '');
  const [roles, setRoles] = useState<Role[]>([...(user?.roles ?? ['uploader'])]);
  const [email, setEmail] = useState(user?.email ?? '');
  const offered = ROLES.filter((r) => props.districtRoles || !DISTRICT_ROLES.has(r) || roles.includes(r));
  const own = props.departments.filter((x) => x.agency === agency);
  const submit = () =>
    props.submission.run(() => {
      if (!user)
        return change('POST', paths.users, { user: id, name, roles, agency, ...filled({ department, email }) });
      return change('PUT', paths.user(user.user), {
        name,
        roles,
        agency,
        department: department || null,
        email: email || null,
      });
    }, props.onDone);
  return (
    <EditorCard
      title={user ? t.editTitle(user.name) : t.new}
      failure={props.submission.failure}
      busy={props.submission.busy}
      onSubmit={() => void submit()}
      onCancel={props.onCancel}
    >
      {!user ? (
        <Field label={t.id} hint={t.idHint}>
          <input value={id} onChange={(e) => setId(e.target.value.trim())} required autoComplete="off" />
        </Field>
      ) : null}
      <Field label={t.name}>
        <input value={name} onChange={(e) => setName(e.target.value)} required />
      </Field>
      <Field label={t.agency}>
        <select
          value={agency}
          onChange={(e) => {
            setAgency(e.target.value);
            setDepartment('');
          }}
          required
        >
          <option value="" disabled>
            —
          </option>
          {props.agencies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t.department} optional>
        <select value={department} onChange={(e) => setDepartment(e.target.value)}>
          <option value="">{t.noDepartment}</option>
          {own.map((x) => (
            <option key={x.id} value={x.id}>
              {x.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t.email} hint={t.emailHint} optional>
        <input type="email" value={email} onChange={(e) => setEmail(e.target.value.trim())} autoComplete="off" />
      </Field>
      <fieldset className="span-2 admin-fieldset">
        <legend className="field-label">{t.roles}</legend>
        <div className="checkbox-list">
          {offered.map((r) => (
            <label key={r} className="checkbox">
              <input
                type="checkbox"
                checked={roles.includes(r)}
                disabled={!props.districtRoles && DISTRICT_ROLES.has(r)}
                onChange={(e) => setRoles((list) => (e.target.checked ? [...list, r] : list.filter((x) => x !== r)))}
              />
              {label(d, 'role', r)}
            </label>
          ))}
        </div>
        <span className="field-hint">{t.rolesHint}</span>
      </fieldset>
    </EditorCard>
  );
}

function DisableForm(props: { user: AdminUser; submission: Submission; onCancel: () => void; onDone: () => void }) {
  const { d } = useI18n();
  const t = d.admin.user;
  const [reason, setReason] = useState('');
  const submit = () =>
    props.submission.run(
      () => change('POST', `${paths.user(props.user.user)}/disable`, filled({ reason })),
      props.onDone,
    );
  return (
    <EditorCard
      title={t.disableTitle(props.user.name)}
      hint={t.disableHint}
      failure={props.submission.failure}
      busy={props.submission.busy}
      submitLabel={t.disable}
      danger
      onSubmit={() => void submit()}
      onCancel={props.onCancel}
    >
      <Field label={t.reason} optional className="span-2">
        <input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
      </Field>
    </EditorCard>
  );
}

function LinkForm(props: { user: AdminUser; submission: Submission; onCancel: () => void; onDone: () => void }) {
  const { d } = useI18n();
  const t = d.admin.user;
  const [subject, setSubject] = useState('');
  const submit = () =>
    props.submission.run(() => change('POST', `${paths.user(props.user.user)}/subject`, { subject }), props.onDone);
  return (
    <EditorCard
      title={t.linkTitle(props.user.name)}
      hint={t.linkHint}
      failure={props.submission.failure}
      busy={props.submission.busy}
      onSubmit={() => void submit()}
      onCancel={props.onCancel}
    >
      <Field label={t.subject} className="span-2">
        <input
          value={subject}
          onChange={(e) => setSubject(e.target.value.trim())}
          required
          autoComplete="off"
          className="mono"
        />
      </Field>
    </EditorCard>
  );
}
