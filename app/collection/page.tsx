import { ListScreen, type SearchParams } from "@/components/collection/list-screen";

export const metadata = { title: "Your collection — Discogs Sign-in" };

export default function CollectionPage({ searchParams }: { searchParams: SearchParams }) {
  return <ListScreen kind="collection" searchParams={searchParams} />;
}
