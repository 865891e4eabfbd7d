import { ListScreen, type SearchParams } from "@/components/collection/list-screen";

export const metadata = { title: "Your wantlist — Discogs Sign-in" };

export default function WantlistPage({ searchParams }: { searchParams: SearchParams }) {
  return <ListScreen kind="wantlist" searchParams={searchParams} />;
}
