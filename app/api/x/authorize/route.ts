import { xRoutes } from "@/auth";
export const { GET } = xRoutes.start;
