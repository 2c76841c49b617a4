import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHandler } from 'express';
import { printSchema } from 'graphql';
import type { Logger } from 'pino';
import type { Caller } from '../subgraphs/kit/caller';
import { apiSchemaOf } from '../schema/check';
import { errorBody } from './files';
import { introspectionRefused, mayIntrospect, type IntrospectionRoles } from './introspection';

/** The API schema of a supergraph as SDL: what clients query, without federation's join__/link machinery. */
export const apiSdlOf = (supergraphSdl: string): string => printSchema(apiSchemaOf(supergraphSdl));

export interface SchemaRouteOptions {
  /** The supergraph the gateway serves now (a function: reloads change it). */
  supergraphSdl: () => string;
  authenticate(headers: IncomingHttpHeaders): Promise<Caller>;
  /** Runs after authentication (the per-caller rate limit); throws to refuse. */
  admit?: (caller: Caller) => void | Promise<void>;
  /** Who may read it: the same callers as may introspect. */
  introspectionRoles: IntrospectionRoles;
  log: Logger;
}

/**
 * GET /schema.graphql: the API schema as SDL, for code generators, to the callers who may introspect
 * (401 without a valid token, 403 for the others). Printed once per supergraph, not per request.
 */
export function schemaRoute(options: SchemaRouteOptions): RequestHandler {
  let printed: { supergraph: string; sdl: string } | null = null;
  return async (req, res) => {
    try {
      const caller = await options.authenticate(req.headers);
      await options.admit?.(caller);
      const { introspectionRoles: roles } = options;
      if (!mayIntrospect(caller, roles)) throw introspectionRefused(roles as Exclude<IntrospectionRoles, '*'>);
      const supergraph = options.supergraphSdl();
      if (printed?.supergraph !== supergraph) printed = { supergraph, sdl: apiSdlOf(supergraph) };
      res.type('text/plain; charset=utf-8').set('cache-control', 'no-store').send(printed.sdl);
    } catch (err) {
      const { status, headers, body } = errorBody(err, options.log);
      res.status(status).set(headers).json(body);
    }
  };
}
