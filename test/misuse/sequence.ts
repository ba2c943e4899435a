import { tensor, zeros } from '@rectify/core';
import { Bidirectional, Dense, Embedding, GRU, LSTM, Masking, SimpleRNN, TimeDistributed, initializers } from '@rectify/layers';
import type { Misuse } from './table.js';

const sequence = () => zeros([2, 3, 4]);

export const sequenceMisuses: Misuse[] = [
  ['LSTM with no options', () => new LSTM(undefined as never), /LSTM: options are required, e.g. new LSTM\(\{ units: 32 \}\); got undefined/],
  ['GRU with null options', () => new GRU(null as never), /GRU: options are required/],
  ['LSTM with 2.5 units', () => new LSTM({ units: 2.5 }), /LSTM: units must be a positive integer, got 2.5/],
  ['LSTM with a numeric activation', () => new LSTM({ units: 2, activation: 5 as never }), /LSTM '.*': an activation must be a name such as 'tanh' or 'sigmoid', got 5/],
  ['LSTM with a string returnSequences', () => new LSTM({ units: 2, returnSequences: 'yes' as never }), /LSTM: returnSequences must be true or false, got "yes"/],
  ['GRU with a negative recurrentDropout', () => new GRU({ units: 2, recurrentDropout: -0.1 }), /GRU: recurrentDropout must be a finite number in \[0, 1\), got -0.1/],
  ['SimpleRNN with implementation 3', () => new SimpleRNN({ units: 2, implementation: 3 }), /SimpleRNN: implementation must be 1 or 2 .*got 3/],
  ['LSTM with useCudnn "x"', () => new LSTM({ units: 2, useCudnn: 'x' }), /LSTM: useCudnn must be true, false or 'auto', got "x"/],
  ['LSTM with an unknown recurrent initializer', () => new LSTM({ units: 2, recurrentInitializer: 'orthogonl' }), /initializer: unknown initializer 'orthogonl'; valid names are .*orthogonal/],
  ['resetStates on a layer that is not stateful', () => new LSTM({ units: 2, name: 'plain' }).resetStates(), /LSTM 'plain': resetStates\(\) needs a stateful layer \(stateful: true\)/],
  ['resetStates with one state for an LSTM', () => new LSTM({ units: 2, stateful: true, name: 'kept' }).resetStates([zeros([1, 2])]), /LSTM 'kept': resetStates expected 2 tensor\(s\) of shape \[batch, 2\]/],
  ['a stateful GRU given another batch size', () => { const gru = new GRU({ units: 2, stateful: true, name: 'carry' }); gru.apply(sequence()); gru.apply(zeros([3, 3, 4])); }, /GRU 'carry' is stateful and holds states for batch size 2, got a batch of 3; every batch must have the same size/],
  ['GRU with a string resetAfter', () => new GRU({ units: 2, resetAfter: 'true' as never }), /GRU: resetAfter must be true or false, got "true"/],
  ['LSTM on a rank-2 input', () => new LSTM({ units: 2 }).apply(zeros([2, 4])), /LSTM '.*': expected input of rank 3 \(batch, time, features\), got shape \[2,4\]/],
  ['LSTM on a sequence without steps', () => new LSTM({ units: 2 }).apply(zeros([2, 0, 4])), /LSTM '.*': the sequence has no time steps \(input shape \[2,0,4\]\)/],
  ['LSTM given a string as mask', () => new LSTM({ units: 2 }).apply(sequence(), { mask: 'yes' as never }), /LSTM '.*': the mask must be a \[batch, time\] tensor, got "yes"/],
  ['GRU given a [batch, time, 1] mask', () => new GRU({ units: 2 }).apply(sequence(), { mask: zeros([2, 3, 1]) }), /GRU '.*': the mask must have shape \[2, 3\] \(batch, time\) for input \[2,3,4\], got \[2,3,1\]/],
  ['LSTM given one initial state', () => new LSTM({ units: 2 }).apply([sequence(), zeros([2, 2])]), /LSTM '.*': expected \[sequence, h, c\]/],
  ['SimpleRNN given a misshapen initial state', () => new SimpleRNN({ units: 2 }).apply([sequence(), zeros([3, 2])]), /SimpleRNN '.*': initial state 0 must have shape \[2, 2\] \(batch, units\), got \[3,2\]/],
  ['Embedding without outputDim', () => new Embedding({ inputDim: 4 } as never), /Embedding: outputDim must be a positive integer, got undefined/],
  ['Embedding with inputLength 0', () => new Embedding({ inputDim: 4, outputDim: 2, inputLength: 0 }), /Embedding: inputLength must be a positive integer \(or a list of them\), got 0/],
  ['Embedding with loraRank 4', () => new Embedding({ inputDim: 4, outputDim: 2, loraRank: 4 }), /Embedding: loraRank 4 is not supported/],
  ['Embedding given id 4 of 4', () => new Embedding({ inputDim: 4, outputDim: 2, name: 'emb' }).apply(tensor([[0, 4]])), /Embedding 'emb': input \[1,2\] holds 4 at flat position 1; expected token ids, integers in \[0, 3\]/],
  ['Embedding given NaN', () => new Embedding({ inputDim: 4, outputDim: 2, name: 'emb_nan' }).apply(tensor([[NaN]])), /Embedding 'emb_nan': input \[1,1\] holds NaN at flat position 0/],
  ['Embedding given a mask', () => new Embedding({ inputDim: 4, outputDim: 2, name: 'emb_mask' }).computeMask(tensor([[1]]), tensor([[1]])), /Embedding 'emb_mask' received a mask; it starts a mask from its token ids/],
  ['Masking with a string maskValue', () => new Masking({ maskValue: 'zero' as never }), /Masking: maskValue must be a number.*, got "zero"/],
  ['Masking on a rank-2 input', () => new Masking({ name: 'pad' }).apply(zeros([2, 3])), /Masking 'pad': expected input of rank >= 3 \(batch, time, features\), got shape \[2,3\]/],
  ['Bidirectional without a layer', () => new Bidirectional({} as never), /Bidirectional: layer must be a layer \(e.g. new LSTM\(\{ units: 8 \}\)\) or \{ className, config \}, got undefined/],
  ['Bidirectional of an unknown class', () => new Bidirectional({ layer: { className: 'Nope', config: {} } }), /unknown layer class 'Nope'/],
  ['Bidirectional with directions that disagree', () => new Bidirectional({ layer: new LSTM({ units: 2 }), backwardLayer: new LSTM({ units: 2, goBackwards: true, returnSequences: true }) }), /Bidirectional: the forward and backward layers must have the same returnSequences, got false and true/],
  ['Bidirectional sum of different widths', () => new Bidirectional({ layer: new GRU({ units: 2 }), backwardLayer: new GRU({ units: 3, goBackwards: true }), mergeMode: 'sum' }), /Bidirectional: mergeMode 'sum' needs both directions to have the same units, got 2 and 3/],
  ['Bidirectional given three initial states', () => new Bidirectional({ layer: new GRU({ units: 2 }), name: 'bi' }).apply([sequence(), zeros([2, 2]), zeros([2, 2]), zeros([2, 2])]), /Bidirectional 'bi': expected \[sequence, ...1 forward states, ...1 backward states\], got 4 tensors/],
  ['TimeDistributed of null', () => new TimeDistributed({ layer: null as never }), /TimeDistributed: layer must be a layer .*got null/],
  ['TimeDistributed on a rank-2 input', () => new TimeDistributed({ layer: new Dense({ units: 2 }), name: 'td' }).apply(zeros([2, 3])), /TimeDistributed 'td': expected input of rank >= 3 \(batch, time, ...\), got shape \[2,3\]/],
  ['orthogonal with a string gain', () => initializers.orthogonal({ gain: 'one' as never }), /Orthogonal initializer: gain must be a .*number.*, got "one"/],
  ['orthogonal for a vector', () => initializers.orthogonal().apply([3]), /Orthogonal initializer: expected a shape of rank >= 2, got \[3\]/],
];
