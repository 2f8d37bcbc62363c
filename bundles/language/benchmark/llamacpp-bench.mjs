// Decode speed of llama.cpp (through node-llama-cpp 3.21.1 and its prebuilt CPU binaries) on the
// GGUF file LlamaBenchmark writes: same shapes, same f32 weights as the SkinGPT run.
// Usage: node llamacpp-bench.mjs <model.gguf> <threads> [promptTokens] [newTokens] [runs]
// Needs NODE_PATH (or a node_modules above this file) holding node-llama-cpp@3.21.1.
import {getLlama, LlamaLogLevel} from "node-llama-cpp";
import {readFileSync} from "node:fs";

const [modelPath, threadsArg, promptArg = "128", newArg = "128", runsArg = "3"] = process.argv.slice(2);
const threads = Number(threadsArg);
const promptTokens = Number(promptArg);
const newTokens = Number(newArg);
const runs = Number(runsArg);

const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error, maxThreads: threads});
const model = await llama.loadModel({modelPath, gpuLayers: 0});
// Ordinary word tokens (the ids after specials, bytes and characters), like the Java prompt.
const prompt = Array.from({length: promptTokens}, (_, i) => 300 + (i * 7) % 1000);

async function once(generate) {
    const context = await model.createContext({contextSize: 1024, batchSize: 512, threads});
    const sequence = context.getSequence();
    const start = performance.now();
    const tokens = sequence.evaluate(prompt, {temperature: 0});
    await tokens.next();
    const first = performance.now();
    for (let n = 1; n < generate; n++) {
        await tokens.next();
    }
    const end = performance.now();
    await tokens.return();
    await context.dispose();
    return {ttft: first - start, prefill: promptTokens / ((first - start) / 1000), decode: (generate - 1) / ((end - first) / 1000)};
}

await once(8); // warm-up
const samples = [];
for (let r = 0; r < runs; r++) {
    samples.push(await once(newTokens));
}
const median = key => samples.map(s => s[key]).sort((a, b) => a - b)[Math.floor(samples.length / 2)];
const status = readFileSync("/proc/self/status", "utf8");
const rssMb = Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024);
const anonMb = Math.round(Number(/RssAnon:\s+(\d+)/.exec(status)[1]) / 1024);
const name = modelPath.split("/").slice(-2, -1)[0];
console.log(`| ${name} | llama.cpp (node-llama-cpp 3.21.1) | ${threads} | ${promptTokens} | ${median("ttft").toFixed(0)} | ` +
    `${median("prefill").toFixed(0)} | ${median("decode").toFixed(1)} | – | ${rssMb} (${anonMb}) | – |`);
console.log(`RESULT engine=llamacpp shape=${name} threads=${threads} prompt=${promptTokens} ttft_ms=${median("ttft").toFixed(1)} ` +
    `prefill_tps=${median("prefill").toFixed(1)} decode_tps=${median("decode").toFixed(2)} rss_mb=${rssMb}`);
await model.dispose();
await llama.dispose();
