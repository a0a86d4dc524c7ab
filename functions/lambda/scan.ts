import { inProcessScanner } from '../../shared/review';
import { observedStep } from '../observability/observe';
import { scanHandler } from '../scan/handler';

/** The API's scans of corrected files (functions/adapters/lambda-scanner.ts), away from its bundle. */
export const handler = observedStep('scan', scanHandler(inProcessScanner));
