import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { refuse } from './refuse';

export interface AdmissionLimits {
  /** GraphQL requests executing at once. */
  concurrent: number;
  /** Requests waiting for a turn; past that the gateway answers 503 at once. */
  queue: number;
  /** How long a request may wait for its turn before it is answered 503. */
  waitMs: number;
}

/**
 * At most `concurrent` GraphQL requests execute at once; the others wait their turn in arrival
 * order, before anything of theirs is parsed as GraphQL, authenticated or loaded (their JSON body,
 * at most LIMIT_BODY_BYTES, is read first: a turn is never held by a body still arriving, app.ts). One Node process runs one
 * request's JavaScript at a time, so executing more at once only keeps more half-built answers
 * alive: under a burst they outlive the young generation and the collector's work grew from a
 * twentieth of the CPU to a fifth (bench/RESULTS.md). A waiting request costs its socket and
 * nothing else. When the queue is full, or a turn does not come within `waitMs`, the answer is 503
 * with Retry-After: the gateway is busy, the request did nothing.
 *
 * A turn ends when the response is done and the handler that `holdsTurn` wraps has finished: a
 * caller who hangs up does not stop the execution she started, so her hanging up must not let
 * another in beside it (sent and abandoned over and over, that would run any number at once).
 * "Done" is the whole answer handed to Node, not its last byte read by the caller: one who stops
 * reading (a pipelined burst whose answers fill the socket) would otherwise hold her turns for as
 * long as she keeps the connection open, and a few such connections would lock everyone else out.
 */
export function admission(limits: AdmissionLimits) {
  let running = 0;
  const waiting: { admit(): void }[] = [];
  const turns = new WeakMap<Response, Turn>();

  /** The turn passes to the next request once the response is done and the handler's work too. */
  const endTurn = (turn: Turn) => {
    if (turn.released || turn.working || !turn.ended) return;
    turn.released = true;
    running -= 1;
    waiting.shift()?.admit();
  };

  const start = (res: Response, next: NextFunction) => {
    running += 1;
    const turn: Turn = { working: false, ended: false, released: false };
    const ended = () => {
      turn.ended = true;
      endTurn(turn);
    };
    turns.set(res, turn);
    res.once('finish', ended);
    res.once('close', ended);
    next();
  };

  const holdsTurn = (handler: RequestHandler) => async (req: Request, res: Response, next: NextFunction) => {
    const turn = turns.get(res);
    if (turn) turn.working = true;
    try {
      await handler(req, res, next);
    } finally {
      if (turn) {
        turn.working = false;
        if (res.writableEnded) turn.ended = true;
        endTurn(turn);
      }
    }
  };

  const busy = (res: Response) => refuse(res, 503, 'SERVICE_UNAVAILABLE', 'The gateway is busy; try again shortly', { 'Retry-After': '1' });

  const gate = (_req: Request, res: Response, next: NextFunction) => {
    if (running < limits.concurrent) return start(res, next);
    if (waiting.length >= limits.queue) return busy(res);
    const leave = () => {
      clearTimeout(timer);
      const i = waiting.indexOf(turn);
      if (i >= 0) waiting.splice(i, 1);
    };
    const turn = {
      admit: () => {
        leave();
        res.off('close', leave);
        start(res, next);
      },
    };
    const timer = setTimeout(() => {
      leave();
      busy(res);
    }, limits.waitMs);
    // A caller who hangs up while waiting gives her turn to the next.
    res.once('close', leave);
    waiting.push(turn);
  };
  return { gate, holdsTurn };
}

interface Turn {
  /** The wrapped handler is still at work. */
  working: boolean;
  /** The response is handed to Node whole, or sent, or the caller hung up. */
  ended: boolean;
  released: boolean;
}

