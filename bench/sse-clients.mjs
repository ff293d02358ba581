// `node bench/sse-clients.mjs <url> <n>`: n browser-style SSE clients of one progress stream, in a process of
// their own (as browsers would be), so their parsing does not share the web process's CPU time. Prints
// "connected" once every client has its snapshot and "finished <events per client>" once every client saw
// the campaign's final status; exits when its stdin closes.
import http from "node:http";

const [url, count] = [process.argv[2], Number(process.argv[3])];
let connected = 0;
let finished = 0;
const events = [];

// node:http rather than fetch: it costs the shared CPU far less per chunk, as a browser elsewhere would cost none.
async function client(index) {
  const res = await new Promise((resolve, reject) => http.get(url, { agent: false }, resolve).on("error", reject));
  res.setEncoding("utf8");
  let buffer = "";
  events[index] = 0;
  for await (const chunk of res) {
    buffer += chunk;
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const frame = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const type = /^event: (.*)$/m.exec(frame)?.[1];
      const data = /^data: (.*)$/m.exec(frame)?.[1];
      if (!type || !data) continue;
      const message = JSON.parse(data);
      if (type === "snapshot" && ++connected === count) console.log("connected");
      if (type !== "snapshot") events[index]++;
      if (type === "status" && (message.status === "ready" || message.status === "partially_failed")) {
        if (++finished === count) console.log(`finished ${Math.min(...events)}`);
        return;
      }
    }
  }
}

for (let i = 0; i < count; i++) client(i).catch((error) => console.error(`client ${i}: ${error.message}`));
process.stdin.on("end", () => process.exit(0));
process.stdin.resume();
