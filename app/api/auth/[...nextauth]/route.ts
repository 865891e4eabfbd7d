import { routes } from "@/auth";
export const { GET, POST } = routes.authjs;
