import { inProcessScanner } from '../../shared/review';
import { awsDeps } from '../deps';
import { observedStep, signals } from '../observability/observe';
import { reviewStep } from '../steps/review';

export const handler = observedStep('review', reviewStep(awsDeps({ signals, scanner: inProcessScanner })));
