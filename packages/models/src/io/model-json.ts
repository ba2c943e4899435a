import type { ModelJson } from './format.js';
import { parseModelJson } from './parse-json.js';

/**
 * model.json text parsed within `LOAD_LIMITS` and checked to be a layers model: an object with a
 * `modelTopology` object. `where` names the file or URL in errors. Every source (files, URLs, browser
 * storage) goes through it.
 */
export function checkModelJson(text: string, where: string): ModelJson {
  const json = parseModelJson(text, where) as ModelJson;
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new Error(`loadModel: ${where} holds ${json === null ? 'null' : typeof json}; expected a model.json object`);
  if (!json.modelTopology || typeof json.modelTopology !== 'object' || Array.isArray(json.modelTopology)) throw new Error(`loadModel: ${where}: modelTopology is missing or not an object`);
  if (json.format !== undefined && json.format !== 'layers-model') throw new Error(`loadModel: ${where}: format is ${JSON.stringify(json.format)}; expected 'layers-model'`);
  return json;
}
