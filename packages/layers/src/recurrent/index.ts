export { Embedding, type EmbeddingArgs } from './embedding.js';
export { Masking, type MaskingArgs } from './masking.js';
export { Recurrent, Gated, type RecurrentArgs, type GatedArgs } from './rnn.js';
export { SimpleRNN } from './simple-rnn.js';
export { LSTM, type LSTMArgs } from './lstm.js';
export { GRU, type GRUArgs } from './gru.js';
export { Bidirectional, type BidirectionalArgs, type MergeMode } from './bidirectional.js';
export { TimeDistributed, type TimeDistributedArgs } from './time-distributed.js';
export { setNestedLayerDeserializer, type LayerOrConfig } from './nested.js';
