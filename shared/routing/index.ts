export { assertMayPublish } from './authorisation';
export {
  type ConsultationOptions,
  type ConsultationTask,
  type EscalationTask,
  type OnRequestSolicitationPlan,
  planConsultation,
  planEscalation,
  planOnRequestSolicitation,
  type SolicitationOptions,
} from './coordination';
export { UnauthorisedPublicationError } from './errors';
export { route } from './route';
export {
  type Agency,
  agencySchema,
  parseRoutingCase,
  type RoutingCase,
  type RoutingDecision,
  type RoutingDocument,
  routingCaseSchema,
  routingDocumentSchema,
  SENSITIVE_CATEGORIES,
  type SensitiveCategory,
  sensitiveCategorySchema,
} from './schemas';
