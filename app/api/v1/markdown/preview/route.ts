import { markdownPreviewEndpoint } from "@/lib/publisher/api.server";

export const POST = markdownPreviewEndpoint;
