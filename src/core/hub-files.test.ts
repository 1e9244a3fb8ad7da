import { describe, expect, it } from 'vitest';
import { hubFileOf, isFileOf, megabytes, parseHubKey, storageNotice, unverifiedKeys } from './hub-files.ts';
import type { ModelEntry } from './manifest.ts';

const entry = {
  id: 'roberta',
  name: 'RoBERTa',
  source: {
    kind: 'hub',
    id: 'SamLowe/roberta-base-go_emotions-onnx',
    revision: '2f8063a4c175840236742f9898f93a570f4fa91c',
  },
  files: [
    { path: 'onnx/model_quantized.onnx', sha256: 'ab'.repeat(32), size: 10 },
    { path: 'config.json', sha256: null, size: null },
  ],
} as unknown as ModelEntry;
const base =
  'https://huggingface.co/SamLowe/roberta-base-go_emotions-onnx/resolve/2f8063a4c175840236742f9898f93a570f4fa91c';

describe('hub cache keys', () => {
  it('parse into model id, revision and file path (nested paths, encoded revisions)', () => {
    expect(parseHubKey(`${base}/onnx/model_quantized.onnx`)).toEqual({
      id: 'SamLowe/roberta-base-go_emotions-onnx',
      revision: '2f8063a4c175840236742f9898f93a570f4fa91c',
      path: 'onnx/model_quantized.onnx',
    });
    expect(parseHubKey('https://huggingface.co/a/b/resolve/refs%2Fpr%2F1/x.json')?.revision).toBe('refs/pr/1');
    expect(parseHubKey('https://example.org/models/lite/face.onnx')).toBeNull();
    expect(parseHubKey('not a url')).toBeNull();
  });

  it('name the manifest file and its recorded digest; another revision or model is not it', () => {
    expect(hubFileOf([entry], `${base}/onnx/model_quantized.onnx`)).toMatchObject({
      path: 'onnx/model_quantized.onnx',
      sha256: 'ab'.repeat(32),
    });
    expect(hubFileOf([entry], `${base}/config.json`)?.sha256).toBeNull();
    expect(hubFileOf([entry], `${base}/tokenizer.json`)).toMatchObject({ path: 'tokenizer.json', sha256: null });
    expect(hubFileOf([entry], base.replace('2f8063a', '0000000') + '/config.json')).toBeNull();
    expect(isFileOf(entry, `${base}/config.json`)).toBe(true);
    expect(
      isFileOf(
        entry,
        'https://huggingface.co/other/model/resolve/2f8063a4c175840236742f9898f93a570f4fa91c/config.json',
      ),
    ).toBe(false);
  });

  it('say which cached files were kept unverified: no recorded digest, or not in the manifest', () => {
    const keys = [
      `${base}/onnx/model_quantized.onnx`,
      `${base}/config.json`,
      `${base}/tokenizer.json`,
      'https://huggingface.co/x/y/resolve/main/a.onnx',
    ];
    expect(unverifiedKeys([entry], keys)).toEqual([
      'RoBERTa: config.json',
      'RoBERTa: tokenizer.json',
      'https://huggingface.co/x/y/resolve/main/a.onnx',
    ]);
    expect(unverifiedKeys([entry], [`${base}/onnx/model_quantized.onnx`])).toEqual([]);
  });

  it('megabytes', () => {
    expect(megabytes(1_234_567)).toBe('1.2 MB');
    expect(megabytes(3_100_000_000)).toBe('3100 MB');
  });
});

describe('storageNotice', () => {
  it('says nothing when nothing happened; says what was not kept and what was replaced', () => {
    expect(storageNotice({ notKept: [], recovered: [] })).toBeNull();
    const full = storageNotice({
      notKept: [
        { path: 'a', bytes: 1_500_000 },
        { path: 'b', bytes: 500_000 },
      ],
      recovered: [],
    });
    expect(full).toContain('2 downloaded files (2.0 MB) could not be kept');
    expect(full).toContain('they will be downloaded again next visit');
    expect(storageNotice({ notKept: [], recovered: ['A cached copy of X could not be loaded.'] })).toBe(
      'A cached copy of X could not be loaded.',
    );
  });
});
