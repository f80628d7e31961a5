import type { Response } from 'express';
import type { ErrorCode } from '../common/errors';
import { requestScopeOf } from './observability';

/** A refusal before GraphQL runs, in the same shape and with the same codes as GraphQL's own errors. */
export function refuse(res: Response, status: number, code: ErrorCode, message: string, headers: Record<string, string> = {}): void {
  requestScopeOf(res)?.errorCodes.push(code);
  res.status(status).set(headers).type('application/json').send(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}
