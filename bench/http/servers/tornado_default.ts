// This framework with default settings: the same server as tornado.ts with
// the access log on (one line per request on the console).
import { serveTornado } from "./tornado.ts";

serveTornado({});
