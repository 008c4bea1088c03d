import protobuf from 'protobufjs';
import type { SpanRecord } from '../model/span-record.ts';
import { OtlpDecodeError } from './errors.ts';
import { spansFromOtlpJson } from './otlp-json.ts';

/**
 * OTLP/HTTP protobuf decoding. The schema below is the public OTLP wire spec
 * (`opentelemetry/proto/collector/trace/v1/trace_service.proto` and the messages it uses), trimmed to
 * the fields the inspector reads; enums are declared as `int32`, which is wire-compatible and keeps
 * unknown values decodable.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message ExportTraceServiceResponse { ExportTracePartialSuccess partial_success = 1; }
message ExportTracePartialSuccess { int64 rejected_spans = 1; string error_message = 2; }
message RpcStatus { int32 code = 1; string message = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; string schema_url = 3; }
message Resource { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; string schema_url = 3; }
message InstrumentationScope {
  string name = 1; string version = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4;
}
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; fixed32 flags = 16;
  string name = 5; int32 kind = 6; fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; uint32 dropped_attributes_count = 10; repeated Event events = 11;
  uint32 dropped_events_count = 12; repeated Link links = 13; uint32 dropped_links_count = 14; Status status = 15;
}
message Event { fixed64 time_unix_nano = 1; string name = 2; repeated KeyValue attributes = 3; uint32 dropped_attributes_count = 4; }
message Link {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; repeated KeyValue attributes = 4;
  uint32 dropped_attributes_count = 5; fixed32 flags = 6;
}
message Status { string message = 2; int32 code = 3; }
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
`;

const root = protobuf.parse(OTLP_TRACE_PROTO).root;
const RequestType = root.lookupType('otlp.ExportTraceServiceRequest');
const ResponseType = root.lookupType('otlp.ExportTraceServiceResponse');
const StatusType = root.lookupType('otlp.RpcStatus');

/**
 * Decodes a protobuf `ExportTraceServiceRequest` into span records.
 * @throws OtlpDecodeError when the bytes are not a valid message.
 */
export function spansFromOtlpProtobuf(body: Uint8Array): SpanRecord[] {
  let obj: unknown;
  try {
    const msg = RequestType.decode(body);
    // bytes → base64 (ids are then checked for length by the JSON normaliser), int64 → decimal strings.
    obj = RequestType.toObject(msg, { longs: String, bytes: String, defaults: false, oneofs: false });
  } catch (err) {
    throw new OtlpDecodeError('', `not a protobuf ExportTraceServiceRequest (${(err as Error).message})`);
  }
  return spansFromOtlpJson(obj);
}

/**
 * Counts the spans of a protobuf `ExportTraceServiceRequest` from the wire format alone (no decoding),
 * so an export over the span limit is refused before it is turned into objects.
 * @throws OtlpDecodeError when the bytes are not a valid message.
 */
export function countOtlpProtobufSpans(body: Uint8Array): number {
  const reader = protobuf.Reader.create(body);
  /** Calls `inner` with the end offset of each length-delimited `field` up to `end`, skipping the rest. */
  const each = (end: number, field: number, inner: (end: number) => void): void => {
    while (reader.pos < end) {
      const tag = reader.uint32();
      if (tag >>> 3 === field && (tag & 7) === 2) {
        const stop = reader.uint32() + reader.pos;
        if (stop > end) throw new Error('length past the end of the message');
        inner(stop);
        reader.pos = stop;
      } else reader.skipType(tag & 7);
    }
  };
  let spans = 0;
  try {
    // resource_spans = 1 → scope_spans = 2 → spans = 2
    each(body.length, 1, (rs) =>
      each(rs, 2, (ss) =>
        each(ss, 2, () => {
          spans++;
        }),
      ),
    );
  } catch (err) {
    throw new OtlpDecodeError('', `not a protobuf ExportTraceServiceRequest (${(err as Error).message})`);
  }
  return spans;
}

/**
 * Encodes a JSON-shaped `ExportTraceServiceRequest` (camelCase fields, ids and bytes as base64 or
 * `Uint8Array`) to protobuf. For tests and tools that need to speak OTLP/protobuf.
 */
export function encodeOtlpProtobufRequest(request: Record<string, unknown>): Uint8Array {
  return RequestType.encode(RequestType.fromObject(request)).finish();
}

/** An empty protobuf `ExportTraceServiceResponse` (full success). */
export function encodeExportResponse(): Uint8Array {
  return ResponseType.encode(ResponseType.create({})).finish();
}

/** A protobuf `google.rpc.Status`, the body OTLP/HTTP requires on 4xx/5xx. */
export function encodeRpcStatus(code: number, message: string): Uint8Array {
  return StatusType.encode(StatusType.create({ code, message })).finish();
}
