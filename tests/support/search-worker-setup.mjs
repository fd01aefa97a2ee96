// The search threads' bundle (scripts/search-worker.mjs), fresh for every run.
export { buildSearchWorker as default } from "../../scripts/search-worker.mjs";
