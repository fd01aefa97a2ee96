import "server-only";
import { notFound } from "next/navigation";
import { PublisherError } from "./errors";

/** Runs a console page's read: a PublisherError 404 becomes the page's Not found, as for unknown names. */
export async function orNotFound<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof PublisherError && error.status === 404) notFound();
    throw error;
  }
}
