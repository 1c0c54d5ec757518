import type { Request, Response } from 'express';
import type { ProblemDetails } from '../common/problem-details.filter.js';
import { isPageRequest, renderToString } from './views.js';

/** The words of an error page for each kind of problem; never a stack trace or SQL. */
function pageFor(problem: ProblemDetails): { title: string; paragraphs: string[]; details: string[] } {
  switch (problem.status) {
    case 404:
      return {
        title: 'Page not found',
        paragraphs: [
          'If you typed the web address, check it is correct.',
          'If you pasted the web address, check you copied the entire address.',
          ...(problem.code === 'not-found' && !problem.detail.startsWith('There is no ') ? [problem.detail] : []),
        ],
        details: [],
      };
    case 401:
    case 403:
      return {
        title: 'You do not have permission to see this page',
        paragraphs: [
          // A refusal by rule (ForbiddenError) says which rule, in words written for the person.
          ...(problem.status === 403 && problem.code === 'forbidden' ? [problem.detail] : []),
          'Your account does not allow this. If you think it should, ask an atcompat administrator.',
        ],
        details: [],
      };
    case 400:
    case 422:
      return {
        title: 'There is a problem with the address or form',
        paragraphs: ['Go back and check what you entered.'],
        details: problem.errors?.length ? problem.errors.map((e) => e.message) : [problem.detail],
      };
    case 409:
      return { title: 'That could not be done', paragraphs: [problem.detail], details: [] };
    case 413:
      return { title: 'That is too large', paragraphs: [problem.detail], details: [] };
    default:
      if (problem.status < 500) return { title: 'That could not be done', paragraphs: [problem.detail], details: [] };
      return {
        title: 'Sorry, there is a problem with the service',
        paragraphs: ['Try again later. If it keeps happening, report it to the atcompat team.'],
        details: [],
      };
  }
}

/**
 * For a web page (not /api, not /assets), answers the error as an HTML page in the layout and
 * returns true; for the API returns false, so problem+json is sent as before.
 */
export function sendErrorPage(request: Request, response: Response, problem: ProblemDetails): boolean {
  if (!request || !isPageRequest(request)) return false;
  // A script that asks a page address for JSON still gets problem+json.
  if (request.accepts(['html', 'json']) === 'json') return false;
  let html: string;
  try {
    html = renderToString('errors/error.njk', { ...response.locals, ...pageFor(problem), status: problem.status });
  } catch {
    return false;
  }
  response.status(problem.status).type('html').setHeader('Cache-Control', 'no-store');
  response.send(html);
  return true;
}
