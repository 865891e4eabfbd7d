/**
 * A user's pages on the Discogs website. The profile's own `uri` is used when it is on the
 * configured web origin; anything else (or nothing) falls back to the documented paths.
 */
export function discogsLinks(webUrl: string, username: string, uri?: string) {
  const web = webUrl.replace(/\/+$/, "");
  const name = encodeURIComponent(username);
  const ownUri = uri && URL.canParse(uri) && new URL(uri).origin === new URL(web).origin ? uri : undefined;
  return {
    profile: ownUri ?? `${web}/user/${name}`,
    collection: `${web}/user/${name}/collection`,
    wantlist: `${web}/wantlist?user=${name}`,
  };
}
