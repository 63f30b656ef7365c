/**
 * What a person sees of sync: the status in the header (changes waiting, last
 * sync, the last error, Đồng bộ ngay), the changes the server refused with the
 * reason in plain Vietnamese, every failed write, and joining a unit the server
 * keeps. The engine is the real one; its transport answers like a server would
 * (the server itself is exercised against this engine in tests/sync).
 */
import { fireEvent, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import { formatHlc } from '../../src/domain/clock.ts';
import { update } from '../../src/storage/changes.ts';
import { RoomClock } from '../../src/sync/clock.ts';
import { SyncEngine } from '../../src/sync/engine.ts';
import { TransportError, type Transport } from '../../src/sync/transport.ts';
import type { LoggedChange, PullResponse } from '../../src/protocol/index.ts';
import { renderApp } from './render.tsx';

const T = Date.UTC(2026, 9, 13, 1, 0);

/** A server that is down: every request fails as on a dead Wi-Fi. */
function unreachable(calls: string[]): Transport {
  const fail = (name: string) => async () => {
    calls.push(name);
    throw new TransportError('network', 0);
  };
  return { hello: fail('hello'), push: fail('push'), pull: fail('pull'), text: fail('text'), units: fail('units') };
}

/** A server that keeps one unit, UBND xã Thanh Trì, and sends it on pull. */
function keepsOneUnit(): Transport {
  const stamp = formatHlc({ ms: T - 60_000, counter: 0, node: 'office' });
  const fields = { name: 'UBND xã Thanh Trì', upperLevel: 'UBND thành phố Hà Nội', address: '', email: '', phone: '', deleted: false };
  const change: LoggedChange = {
    kind: 'record', op: 'op-unit-1', table: 'units', id: 'u1', unitId: 'u1', fields, deviceId: 'office', hlc: stamp, seq: 1, receivedAt: T,
    stamps: Object.fromEntries(Object.keys(fields).map((k) => [k, stamp])),
  };
  return {
    hello: async () => ({ protocolVersion: 2, recordSchemaVersion: 2, serverId: 'srv', head: 1, serverTime: T }),
    push: async (r) => ({ results: r.request.changes.map((c, i) => ({ op: c.op, status: 'applied' as const, seq: 10 + i })), head: 1, serverTime: T }),
    pull: async (a): Promise<PullResponse> => ({ changes: a.unit === 'u1' && a.after < 1 ? [change] : [], next: 1, more: false, serverTime: T }),
    text: async (r) => ({ docId: r.docId, update: '', stateVector: '', serverTime: T }),
    units: async () => ({ units: [{ id: 'u1', name: 'UBND xã Thanh Trì' }], serverTime: T }),
  };
}

describe('sync status in the header', () => {
  it('shows changes waiting, the last error in Vietnamese, and runs again on Đồng bộ ngay', async () => {
    const calls: string[] = [];
    const { db, store } = renderApp('/');
    await screen.findByText('Chưa có hội nghị nào. Tạo hội nghị đầu tiên bên dưới.');
    const engine = new SyncEngine({ db, clock: new RoomClock(() => T), transport: unreachable(calls) });
    store.attachSync(engine);
    const bar = await screen.findByRole('region', { name: 'Đồng bộ với máy chủ văn phòng' });
    expect(within(bar).getByRole('status')).toHaveTextContent('Chưa đồng bộ lần nào');
    expect(within(bar).getByRole('status')).toHaveTextContent('Đã gửi hết');

    const name = await screen.findByLabelText('Tên đơn vị');
    fireEvent.input(name, { target: { value: 'UBND xã Thanh Trì' } });
    fireEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(within(bar).getByRole('status')).toHaveTextContent('1 thay đổi chờ gửi'));

    fireEvent.click(within(bar).getByRole('button', { name: 'Đồng bộ ngay' }));
    await waitFor(() => expect(within(bar).getByRole('status')).toHaveTextContent('Lỗi đồng bộ: không kết nối được máy chủ'));
    // The run stopped at the handshake: nothing was pushed into the void.
    expect(calls).toContain('hello');
    expect(calls).not.toContain('push');
    // Nothing was acknowledged, so nothing left the queue.
    expect(within(bar).getByRole('status')).toHaveTextContent('1 thay đổi chờ gửi');
  }, 20_000);

  it('lists the changes the server refused, with the reason in plain words', async () => {
    const { db, store } = renderApp('/');
    store.attachSync(new SyncEngine({ db, clock: new RoomClock(() => T), transport: unreachable([]) }));
    await db.refused.add({
      op: 'op-1', reason: 'clock_skew', refusedAt: T,
      change: { kind: 'record', op: 'op-1', table: 'speakerTurns', id: 't1', unitId: 'u1', fields: { topic: 'x' }, stamps: {}, deviceId: 'd', hlc: formatHlc({ ms: T, counter: 0, node: 'd' }) },
    });
    const summary = await screen.findByText('1 thay đổi bị máy chủ từ chối');
    fireEvent.click(summary);
    expect(await screen.findByText(/Lượt phát biểu · .*: đồng hồ của máy này lệch quá xa so với máy chủ; hãy chỉnh ngày giờ/)).toBeInTheDocument();
  });
});

describe('a failed write', () => {
  it('is shown to the person who made it, whoever called write, and can be dismissed', async () => {
    const { store } = renderApp('/');
    await screen.findByText('Chưa có hội nghị nào. Tạo hội nghị đầu tiên bên dưới.');
    // Fire and forget, as a dozen buttons do: the failure must still be seen.
    void store.write([update('speakerTurns', 'gone', { topic: 'x' })]).catch(() => {});
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Thao tác chưa được lưu');
    expect(alert).toHaveTextContent('mục này không còn trên máy');
    fireEvent.click(within(alert).getByRole('button', { name: 'Đóng thông báo' }));
    await waitFor(() => expect(screen.queryByText('Thao tác chưa được lưu')).not.toBeInTheDocument());
  });
});

describe('first run on a device that reaches the server', () => {
  it('offers the server’s units besides a new one, and joining brings the unit', async () => {
    const { db, store } = renderApp('/');
    store.attachSync(new SyncEngine({ db, clock: new RoomClock(() => T), transport: keepsOneUnit() }));
    expect(await screen.findByRole('heading', { name: 'Hoặc tham gia đơn vị đã có trên máy chủ' })).toBeInTheDocument();
    expect(screen.getByLabelText('Tên đơn vị')).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Tham gia UBND xã Thanh Trì' }));
    expect(await screen.findByRole('heading', { name: 'Tạo hội nghị mới' })).toBeInTheDocument();
    expect(screen.queryByText('Thiết lập đơn vị')).not.toBeInTheDocument();
    expect((await db.units.get('u1'))?.name).toBe('UBND xã Thanh Trì');
  });
});
