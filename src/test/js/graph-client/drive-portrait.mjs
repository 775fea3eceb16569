// Drives Portrait with Microsoft's Graph JavaScript client, as a browser or Node app would (docs/browsers.md).
// Run by BrowserIT: node drive-portrait.mjs <https base> <token> <user with photo> <user without photo> <jpeg file>
// Prints one line per request (what was asked, what Portrait answered) and exits 1 on the first failed check.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import graph from "@microsoft/microsoft-graph-client";

const { Client, BatchRequestContent, BatchResponseContent, GraphError, ResponseType } = graph;
const [base, token, withPhoto, withoutPhoto, jpegFile] = process.argv.slice(2);
const jpeg = readFileSync(jpegFile);
const isJpeg = (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8;

const client = Client.init({
  baseUrl: base,
  customHosts: new Set([new URL(base).hostname]),
  authProvider: (done) => done(null, token),
});

async function step(name, run) {
  try {
    const answer = await run();
    console.log(`ok   ${name}: ${answer}`);
  } catch (failure) {
    console.log(`FAIL ${name}: ${failure.stack ?? failure}`);
    process.exitCode = 1;
    throw failure;
  }
}

try {
  await step("PUT /me/photo/$value without a Content-Type (the client declares application/json)", async () => {
    await client.api("/me/photo/$value").put(jpeg);
    return "uploaded";
  });
  await step("GET /me/photo/$value as an ArrayBuffer", async () => {
    const bytes = new Uint8Array(await client.api("/me/photo/$value").responseType(ResponseType.ARRAYBUFFER).get());
    assert.ok(isJpeg(bytes), "not a JPEG");
    return `${bytes.length} bytes of JPEG`;
  });
  await step("PUT /me/photo/$value with Content-Type image/jpeg", async () => {
    await client.api("/me/photo/$value").header("Content-Type", "image/jpeg").put(jpeg);
    return "uploaded";
  });
  await step("GET /me/photos/48x48/$value as a Blob (the client's default for images)", async () => {
    const blob = await client.api("/me/photos/48x48/$value").get();
    assert.equal(blob.type, "image/jpeg");
    assert.ok(isJpeg(new Uint8Array(await blob.arrayBuffer())), "not a JPEG");
    return `Blob ${blob.type}, ${blob.size} bytes`;
  });
  await step("GET /me/photo (metadata)", async () => {
    const photo = await client.api("/me/photo").get();
    assert.ok(photo.width > 0 && photo["@odata.mediaEtag"], JSON.stringify(photo));
    return JSON.stringify({ id: photo.id, width: photo.width });
  });
  await step(`GET /users/${withoutPhoto}/photo/$value is a GraphError`, async () => {
    const error = await client.api(`/users/${withoutPhoto}/photo/$value`).get().then(() => null, (e) => e);
    assert.ok(error instanceof GraphError, `not a GraphError: ${error}`);
    assert.equal(error.statusCode, 404);
    assert.equal(error.code, "ImageNotFound");
    assert.ok(error.requestId, "no request-id");
    return `GraphError ${error.statusCode} ${error.code}`;
  });
  await step("$batch with BatchRequestContent: a user, their photo, and a user without a photo", async () => {
    const batch = new BatchRequestContent([
      { id: "user", request: new Request(`${base}/v1.0/users/${withPhoto}?$select=id,displayName,jobTitle`, { method: "GET" }) },
      { id: "photo", request: new Request(`${base}/v1.0/users/${withPhoto}/photos/48x48/$value`, { method: "GET" }) },
      { id: "none", request: new Request(`${base}/v1.0/users/${withoutPhoto}/photo/$value`, { method: "GET" }) },
    ]);
    const answer = new BatchResponseContent(await client.api("/$batch").post(await batch.getContent()));
    const user = answer.getResponseById("user");
    assert.equal(user.status, 200);
    assert.equal((await user.json()).id, withPhoto);
    const photo = answer.getResponseById("photo");
    assert.equal(photo.status, 200);
    assert.equal(photo.headers.get("Content-Type"), "image/jpeg");
    assert.ok(photo.headers.get("ETag"), "no ETag");
    const bytes = Buffer.from(await photo.text(), "base64");
    assert.ok(isJpeg(bytes), "the photo is not base64 JPEG");
    const none = answer.getResponseById("none");
    assert.equal(none.status, 404);
    assert.equal((await none.json()).error.code, "ImageNotFound");
    return `user 200, photo 200 (${bytes.length} bytes), no photo 404 ImageNotFound`;
  });
  await step("$batch uploading a photo (base64 body) and reading it after", async () => {
    const answer = await client.api("/$batch").post({
      requests: [
        { id: "put", method: "PUT", url: "/me/photo/$value", headers: { "Content-Type": "image/jpeg" }, body: jpeg.toString("base64") },
        { id: "get", method: "GET", url: "/me/photo", dependsOn: ["put"] },
      ],
    });
    const byId = Object.fromEntries(answer.responses.map((r) => [r.id, r]));
    assert.equal(byId.put.status, 200, JSON.stringify(byId.put));
    assert.equal(byId.get.status, 200, JSON.stringify(byId.get));
    return `put ${byId.put.status}, get ${byId.get.status} width ${byId.get.body.width}`;
  });
  await step("DELETE /me/photo", async () => {
    await client.api("/me/photo").delete();
    const error = await client.api("/me/photo/$value").get().then(() => null, (e) => e);
    assert.equal(error?.statusCode, 404);
    return "deleted; then 404";
  });
} catch {
  // Reported by step().
}
