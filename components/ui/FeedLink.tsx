/** A visible link to a page's Atom feed of new tags (the page's metadata also announces it to feed readers). */
export function FeedLink({ href }: { href: string }) {
  return (
    <a href={href} type="application/atom+xml" className="inline-block text-sm text-sky-700 hover:underline dark:text-sky-400" data-testid="feed-link">
      Atom feed of new tags
    </a>
  );
}
