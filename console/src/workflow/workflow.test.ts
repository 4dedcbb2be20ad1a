import { describe, expect, it } from 'vitest';
import type { Graph } from '../api/types';
import { buildOverrides, parseWorkflowText, runSettings } from './workflow';

const textToImage: Graph = {
  '3': {
    class_type: 'KSampler',
    inputs: { seed: 42, steps: 20, cfg: 7, sampler_name: 'euler', scheduler: 'normal', denoise: 1, positive: ['6', 0], negative: ['7', 0] },
  },
  '5': { class_type: 'EmptyLatentImage', inputs: { width: 512, height: 768, batch_size: 1 } },
  '6': { class_type: 'CLIPTextEncode', inputs: { text: 'a lighthouse', clip: ['4', 1] } },
  '7': { class_type: 'CLIPTextEncode', inputs: { text: 'blurry', clip: ['4', 1] } },
};

describe('parseWorkflowText', () => {
  it('takes API format as is and unwraps a /prompt body', () => {
    expect(parseWorkflowText('{"1": {"class_type": "EmptyImage", "inputs": {}}}')).toMatchObject({ ok: true });
    expect(parseWorkflowText('{"prompt": {"1": {"class_type": "EmptyImage"}}}')).toEqual({
      ok: true,
      workflow: { '1': { class_type: 'EmptyImage' } },
    });
  });

  it("refuses the editor's own save file with the export advice", () => {
    const parsed = parseWorkflowText('{"nodes": [], "links": []}');

    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message).toContain('Export (API)');
  });

  it('says where the JSON breaks', () => {
    const parsed = parseWorkflowText('{"1": ');

    expect(!parsed.ok && parsed.message).toMatch(/^The workflow is not valid JSON/);
  });
});

describe('buildOverrides', () => {
  it('sends numbers and booleans as such and everything else as text, skipping empty keys', () => {
    expect(
      buildOverrides([
        { key: 'steps', value: '30' },
        { key: 'cfg', value: '6.5' },
        { key: 'prompt', value: 'a cat' },
        { key: '3.add_noise', value: 'true' },
        { key: '', value: 'ignored' },
      ]),
    ).toEqual({ steps: 30, cfg: 6.5, prompt: 'a cat', '3.add_noise': true });
  });
});

describe('runSettings', () => {
  it('finds each setting where the API applies its override', () => {
    const settings = Object.fromEntries(runSettings(textToImage).map((s) => [s.key, [s.value, s.nodeId]]));

    expect(settings).toEqual({
      prompt: ['a lighthouse', '6'],
      negative_prompt: ['blurry', '7'],
      seed: [42, '3'],
      steps: [20, '3'],
      cfg: [7, '3'],
      sampler_name: ['euler', '3'],
      scheduler: ['normal', '3'],
      denoise: [1, '3'],
      width: [512, '5'],
      height: [768, '5'],
      batch_size: [1, '5'],
    });
  });
});
