import type { Status } from '../../../shared/model/document';
import { label, useI18n } from '../i18n';
import { toneOf } from '../lib/statuses';

export function StatusBadge({ status }: { status: Status }) {
  const { d } = useI18n();
  return (
    <span className={`badge badge-${toneOf(status)}`} data-status={status}>
      {label(d, 'status', status)}
    </span>
  );
}

export function RuleChips({ rules }: { rules: readonly string[] | null | undefined }) {
  if (!rules || rules.length === 0) return null;
  return (
    <span className="chips">
      {rules.map((rule) => (
        <span key={rule} className="chip chip-rule">
          {rule}
        </span>
      ))}
    </span>
  );
}

export function RoleChips({ roles }: { roles: readonly string[] }) {
  const { d } = useI18n();
  return (
    <span className="chips">
      {roles.map((role) => (
        <span key={role} className={`chip chip-role chip-role-${role}`}>
          {label(d, 'role', role)}
        </span>
      ))}
    </span>
  );
}
