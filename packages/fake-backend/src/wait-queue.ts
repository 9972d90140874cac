/**
 * The origin's FIFO waiting room: a doubly linked list, so a request whose client disconnects leaves from the
 * middle in O(1) and the oldest waiter is always at the head (queue timeouts expire from the head only).
 */

export interface WaitNode<T> {
  readonly value: T;
  prev: WaitNode<T> | undefined;
  next: WaitNode<T> | undefined;
  /** false once shifted or removed */
  linked: boolean;
}

export class WaitQueue<T> {
  #head: WaitNode<T> | undefined;
  #tail: WaitNode<T> | undefined;
  #length = 0;

  get length(): number {
    return this.#length;
  }

  push(value: T): WaitNode<T> {
    const node: WaitNode<T> = { value, prev: this.#tail, next: undefined, linked: true };
    if (this.#tail === undefined) this.#head = node;
    else this.#tail.next = node;
    this.#tail = node;
    this.#length += 1;
    return node;
  }

  peek(): T | undefined {
    return this.#head?.value;
  }

  shift(): T | undefined {
    const node = this.#head;
    if (node === undefined) return undefined;
    this.remove(node);
    return node.value;
  }

  /** Unlink `node`; false when it already left the queue. */
  remove(node: WaitNode<T>): boolean {
    if (!node.linked) return false;
    if (node.prev === undefined) this.#head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) this.#tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.linked = false;
    this.#length -= 1;
    return true;
  }
}
