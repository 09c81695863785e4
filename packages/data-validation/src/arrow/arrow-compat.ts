import * as arrow from 'apache-arrow';
import type { DataType, Field } from 'apache-arrow';

// apache-arrow is a peer from major 17 on. A few names came later (LargeList and Utf8View in
// 19+): read them through the namespace, where a missing export is `undefined`, instead of a
// named import, which fails to link on an older major.
const optional = arrow as unknown as {
  LargeList?: new (child: Field) => DataType;
  DataType: { isLargeList?: (type: unknown) => boolean; isUtf8View?: (type: unknown) => boolean };
};

/** True when the type is a LargeList (never, with an apache-arrow that has none). */
export function isLargeListType(type: DataType): boolean {
  return optional.DataType.isLargeList?.(type) ?? false;
}

/** True when the type is a Utf8View (never, with an apache-arrow that has none). */
export function isUtf8ViewType(type: DataType): boolean {
  return optional.DataType.isUtf8View?.(type) ?? false;
}

/** A LargeList type of the installed apache-arrow, or undefined before it had one. */
export function makeLargeListType(child: Field): DataType | undefined {
  return optional.LargeList ? new optional.LargeList(child) : undefined;
}
