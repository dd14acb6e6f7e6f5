import { data } from '@remix-run/node'

export const NOT_FOUND = 'Siden eller posten findes ikke.'

export function notFound(message = NOT_FOUND): never {
  throw data({ message }, { status: 404 })
}

export const STALE_MESSAGE =
  'Posten er blevet ændret af en anden, siden du åbnede den. Dine ændringer er ikke gemt; se den nye version og prøv igen.'
