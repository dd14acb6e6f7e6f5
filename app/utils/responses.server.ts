import { data } from '@remix-run/node'

export const NOT_FOUND = 'Siden eller posten findes ikke.'

export function notFound(message = NOT_FOUND): never {
  throw data({ message }, { status: 404 })
}

export const STALE_MESSAGE =
  'Posten er blevet ændret af en anden, siden du åbnede den. Dine ændringer er ikke gemt; se den nye version og prøv igen.'

type Refusal = { type: 'DataWithResponseInit'; data: { message?: unknown } | null; init: ResponseInit | null }

function isRefusal(error: unknown): error is Refusal {
  return typeof error === 'object' && error !== null && (error as { type?: unknown }).type === 'DataWithResponseInit'
}

/**
 * For resource routes (CSV, .ics, JSON, documents): they have no error page, and Remix answers a
 * thrown `data()` refusal there (`notFound`, `forbidden`) with "Unexpected Server Error" and a
 * logged stack. This answers it as plain text with its status and Danish message instead.
 * Thrown Responses (the redirect to /login) pass through unchanged.
 */
export function fileLoader<Args>(serve: (args: Args) => Promise<Response>) {
  return async (args: Args): Promise<Response> => {
    try {
      return await serve(args)
    } catch (error) {
      if (!isRefusal(error)) throw error
      const message = typeof error.data?.message === 'string' ? error.data.message : ''
      return new Response(message, { status: error.init?.status ?? 400, headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' } })
    }
  }
}
